import { pipelineScenarios } from '../scenarios/pipeline-scenarios';

pipelineScenarios('kafka', 'Apache Kafka');
