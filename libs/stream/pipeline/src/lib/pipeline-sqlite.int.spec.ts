import { pipelineScenarios } from '../scenarios/pipeline-scenarios';

pipelineScenarios('sqlite', 'the embedded SQLite log');
