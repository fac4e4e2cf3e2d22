import type { Messages } from './en';
import type { DeepStrings } from './define';

export const zhCN: DeepStrings<Messages> = {
  app: { name: 'Berth', tagline: '一个窗口里的 Docker' },
  nav: {
    containers: '容器',
    images: '镜像',
    volumes: '数据卷',
    networks: '网络',
    settings: '设置',
    engines: '引擎',
    terminal: '终端',
  },
  engine: {
    connected: '引擎已连接',
    connecting: '正在连接引擎…',
    disconnected: '引擎已断开',
    disconnectedHelp: 'Berth 无法连接位于 {{endpoint}} 的 Docker 引擎。引擎恢复后会自动重新连接。',
    details: 'Docker {{version}} · API {{api}} · {{os}}/{{arch}} · {{cpus}} 个 CPU · {{memory}}',
    linkLost: '与 Berth 的连接已断开，正在重新连接…',
  },
  common: {
    cancel: '取消',
    close: '关闭',
    retry: '重试',
    loading: '加载中…',
    equivalent: '等效命令',
    copy: '复制',
    copied: '已复制',
    dismiss: '关闭',
  },
  settings: { language: '语言', theme: '主题', system: '跟随系统', light: '浅色', dark: '深色' },
  errors: {
    engine_unreachable: '无法连接 Docker 引擎。',
    permission_denied: '权限不足。',
    not_found: '未找到：它可能已被删除。',
    conflict: '与当前状态冲突。',
    auth_required: '需要身份验证。',
    invalid_input: '输入无效。',
    stream_error: '数据流中断。',
    cancelled: '已取消。',
    internal: 'Berth 或引擎内部出错。',
  },
  time: { justNow: '刚刚' },
};
