package dev.pgaddon.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;

/** The one way the worker and the CLI build their Temporal client: same address rules, same codec. */
public final class TemporalClients {
  private TemporalClients() {}

  public static DataConverter dataConverter(CodecKey key) {
    // true: failure messages and details are encrypted too, they may quote user input.
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(new EncryptionCodec(key)), true);
  }

  public static WorkflowServiceStubs serviceStubs(TemporalSettings settings) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.address()).build());
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalSettings settings, CodecKey key) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(settings.namespace())
        .setDataConverter(dataConverter(key))
        .build());
  }
}
