export { StatsView } from './StatsView';
