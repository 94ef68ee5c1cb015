// Generated from contract.yaml by onex codegen; do not edit.
// Source: contract.yaml of contract "kafka_adapter", models index.
// Content hash: sha256:9daaccdbe733d0df7ce0bfea851a6e638c38b5797fadf712c565b3105fab6d4a
export { ModelKafkaAdapterError } from "./model-kafka-adapter-error.js";
export { ModelKafkaAdapterInput } from "./model-kafka-adapter-input.js";
export { ModelKafkaAdapterOutput } from "./model-kafka-adapter-output.js";
export { ModelKafkaAdapterResult } from "./model-kafka-adapter-result.js";
export { ModelKafkaMessage } from "./model-kafka-message.js";
export { ModelKafkaPartitionDescription } from "./model-kafka-partition-description.js";
export { ModelKafkaProducePayload } from "./model-kafka-produce-payload.js";
export { ModelKafkaTopicDescription } from "./model-kafka-topic-description.js";
export { ModelKafkaTopicSpec } from "./model-kafka-topic-spec.js";
export { ModelKafkaTopicsCreatePayload } from "./model-kafka-topics-create-payload.js";
export { ModelKafkaTopicsDescribePayload } from "./model-kafka-topics-describe-payload.js";
export { ModelKafkaTopicsListPayload } from "./model-kafka-topics-list-payload.js";
