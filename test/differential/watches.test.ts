import { watchScenarios } from './scenarios-watches';
import { differentialSuite } from './suite';

await differentialSuite('differential: watches', watchScenarios);
