import { sessionScenarios } from './scenarios-sessions';
import { differentialSuite } from './suite';

await differentialSuite('differential: sessions (tickTime 200 ms)', sessionScenarios, { tickTime: 200 });
