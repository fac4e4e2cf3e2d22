import { defineMessages } from '../define';

/** Strings of the shared <JsonTree> component (renderer/src/components/JsonTree.tsx). */
export const jsonTreeMessages = defineMessages({
  en: {
    label: 'JSON',
    search: 'Search keys and values',
    expand: 'Expand',
    collapse: 'Collapse',
    expandAll: 'Expand all',
    collapseAll: 'Collapse all',
    copyAll: 'Copy JSON',
    copyValue: 'Copy value',
    items_one: '{{count}} item',
    items_other: '{{count}} items',
    keys_one: '{{count}} key',
    keys_other: '{{count}} keys',
    noMatch: 'Nothing matches.',
  },
  zh: {
    label: 'JSON 数据',
    search: '搜索键和值',
    expand: '展开',
    collapse: '折叠',
    expandAll: '全部展开',
    collapseAll: '全部折叠',
    copyAll: '复制 JSON',
    copyValue: '复制值',
    items_one: '{{count}} 项',
    items_other: '{{count}} 项',
    keys_one: '{{count}} 个键',
    keys_other: '{{count}} 个键',
    noMatch: '没有匹配项。',
  },
});
