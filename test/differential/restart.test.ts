import { restartScenarios } from './scenarios-restart';
import { differentialSuite } from './suite';

await differentialSuite('differential: restart (tickTime 200 ms)', restartScenarios, { tickTime: 200 });
