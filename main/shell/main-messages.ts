/**
 * The few strings main itself shows (tray, notifications, dialogs), in both
 * languages. The Chinese table is checked against the English one by type.
 */
const en = {
  trayTooltip: 'Berth — {engine}',
  engineConnected: 'Engine connected · Docker {version}',
  engineConnecting: 'Connecting to the engine…',
  engineDisconnected: 'Engine disconnected',
  engineNamed: '{name} — {state}',
  busy: 'Working: {count} pull, push or build in progress',
  running: 'Running ({count})',
  noneRunning: 'No running containers',
  recentlyStopped: 'Recently stopped',
  stop: 'Stop',
  restart: 'Restart',
  start: 'Start',
  openLogs: 'Open logs',
  openTerminal: 'Open terminal',
  openBerth: 'Open Berth',
  runContainer: 'Run a container…',
  pullImage: 'Pull an image…',
  prune: 'Prune stopped containers…',
  switchEngine: 'Switch engine',
  quit: 'Quit Berth',
  more: '{count} more…',
  pruneConfirmTitle: 'Remove stopped containers?',
  pruneConfirmBody:
    '{count} stopped containers will be removed (docker container prune). Their named volumes are kept.',
  pruneConfirm: 'Remove',
  cancel: 'Cancel',
  notifyExitedTitle: '{name} exited with code {code}',
  notifyExitedBody: 'Image {image}',
  notifyOomTitle: '{name} ran out of memory',
  notifyOomBody: 'The kernel killed it (OOM).',
  notifyUnhealthyTitle: '{name} is unhealthy',
  notifyUnhealthyBody: 'Its health check is failing.',
  notifyPullDone: 'Pulled {ref}',
  notifyPushDone: 'Pushed {ref}',
  notifyBuildDone: 'Built {ref}',
  notifyPullFailed: 'Pulling {ref} failed',
  notifyPushFailed: 'Pushing {ref} failed',
  notifyBuildFailed: 'Building {ref} failed',
  notifyTook: 'It took {duration}.',
  minutesSeconds: '{m} min {s} s',
  seconds: '{s} s',
};
type Messages = { [K in keyof typeof en]: string };
const zh: Messages = {
  trayTooltip: 'Berth — {engine}',
  engineConnected: '引擎已连接 · Docker {version}',
  engineConnecting: '正在连接引擎…',
  engineDisconnected: '引擎已断开',
  engineNamed: '{name} — {state}',
  busy: '处理中：{count} 个拉取、推送或构建正在进行',
  running: '运行中（{count}）',
  noneRunning: '没有正在运行的容器',
  recentlyStopped: '最近停止',
  stop: '停止',
  restart: '重启',
  start: '启动',
  openLogs: '打开日志',
  openTerminal: '打开终端',
  openBerth: '打开 Berth',
  runContainer: '运行容器…',
  pullImage: '拉取镜像…',
  prune: '清理已停止的容器…',
  switchEngine: '切换引擎',
  quit: '退出 Berth',
  more: '还有 {count} 个…',
  pruneConfirmTitle: '删除已停止的容器？',
  pruneConfirmBody: '将删除 {count} 个已停止的容器（docker container prune）。具名数据卷会保留。',
  pruneConfirm: '删除',
  cancel: '取消',
  notifyExitedTitle: '{name} 已退出，退出码 {code}',
  notifyExitedBody: '镜像 {image}',
  notifyOomTitle: '{name} 内存不足',
  notifyOomBody: '内核已将其终止（OOM）。',
  notifyUnhealthyTitle: '{name} 状态不健康',
  notifyUnhealthyBody: '其健康检查失败。',
  notifyPullDone: '已拉取 {ref}',
  notifyPushDone: '已推送 {ref}',
  notifyBuildDone: '已构建 {ref}',
  notifyPullFailed: '拉取 {ref} 失败',
  notifyPushFailed: '推送 {ref} 失败',
  notifyBuildFailed: '构建 {ref} 失败',
  notifyTook: '用时 {duration}。',
  minutesSeconds: '{m} 分 {s} 秒',
  seconds: '{s} 秒',
};

export type MainLanguage = 'en' | 'zh-CN';
export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(language: MainLanguage): Translate {
  const table: Messages = language === 'zh-CN' ? zh : en;
  return (key, vars = {}) => table[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** The system locale as main sees it (app.getLocale() or LANG). */
export function languageFromLocale(locale: string | undefined): MainLanguage {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const MESSAGE_TABLES = { en, zh };
