export { ManualClock as TestClock } from '../../src/common/clock.js';
