import { defineMessages } from '../define';

export const journalMessages = defineMessages({
  en: {
    title: 'Command journal',
    intro:
      'Every change you made in Berth this session, as the docker command that does the same, in order. Copy it as a shell script to repeat or share what you did.',
    count: '{{count}} commands',
    empty: 'No commands yet. Start, stop, create or remove something and its docker command appears here.',
    cols: { time: 'Time', command: 'Command', from: 'Berth call' },
    copyScript: 'Copy as shell script',
    download: 'Download script',
    copied: 'Copied',
    copyLine: 'Copy',
    clear: 'Clear journal',
    scriptHeader: 'Commands recorded by Berth',
    hintsOff: 'Command hints are turned off in Settings; the journal keeps recording.',
  },
  zh: {
    title: '命令日志',
    intro:
      '本次会话中你在 Berth 里做的每一项更改，按顺序列出等效的 docker 命令。可复制为 shell 脚本，用来重做或分享你的操作。',
    count: '{{count}} 条命令',
    empty: '还没有命令。启动、停止、创建或删除点什么，它的 docker 命令就会出现在这里。',
    cols: { time: '时间', command: '命令', from: 'Berth 调用' },
    copyScript: '复制为 shell 脚本',
    download: '下载脚本',
    copied: '已复制',
    copyLine: '复制',
    clear: '清空日志',
    scriptHeader: '由 Berth 记录的命令',
    hintsOff: '设置中已关闭命令提示；日志仍在记录。',
  },
});
