import { dataScenarios } from './scenarios-data';
import { protocolScenarios } from './scenarios-protocol';
import { differentialSuite } from './suite';

await differentialSuite('differential: data tree and framing', [...dataScenarios, ...protocolScenarios]);
