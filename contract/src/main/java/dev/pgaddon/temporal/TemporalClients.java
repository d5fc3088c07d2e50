package dev.pgaddon.temporal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;

/** The one way the worker and the CLI build their Temporal client: same address rules, same codec. */
public final class TemporalClients {
  private TemporalClients() {}

  public static DataConverter dataConverter(CodecKey key) {
    // true: failure messages and details are encrypted too, they may quote user input.
    return new CodecDataConverter(payloadConverter(), List.of(EncryptionCodec.refusingPlaintext(key)), true);
  }

  /**
   * Payloads as JSON, before encryption. A field this code does not know is ignored: payloads
   * written by workers of another version (heartbeat details, inputs and results in histories) are
   * read by this one, rather than failing every attempt after an upgrade.
   */
  public static DataConverter payloadConverter() {
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return DefaultDataConverter.newDefaultInstance().withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
  }

  public static WorkflowServiceStubs serviceStubs(TemporalSettings settings) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(settings.address());
    TemporalTls tls = TemporalTls.fromEnvironment();
    return WorkflowServiceStubs.newServiceStubs(tls == null ? options.build() : tls.apply(options).build());
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalSettings settings, CodecKey key) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(settings.namespace())
        .setDataConverter(dataConverter(key))
        .build());
  }
}
