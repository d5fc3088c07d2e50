package dev.pgaddon.worker;

import dev.pgaddon.operation.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the server knows pgaddon's search attributes: every operation sets them, and a server
 * that does not know them refuses to start the workflow.
 */
public final class SearchAttributesRegistration {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributesRegistration.class);

  private SearchAttributesRegistration() {}

  public static void ensure(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
        .setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    for (String name : List.of(WorkflowIds.ADDON_ID_ATTRIBUTE, WorkflowIds.APP_NAME_ATTRIBUTE, WorkflowIds.OPERATION_ATTRIBUTE)) {
      try {
        operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace)
            .putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
            .build());
        log.info("registered search attribute {}", name);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          log.warn("could not register search attribute {}: {}", name, e.getStatus());
        }
      }
    }
  }
}
