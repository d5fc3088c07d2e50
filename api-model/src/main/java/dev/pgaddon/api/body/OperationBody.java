package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An operation as users see it (components/schemas/Operation). {@code request}, {@code steps} and
 * {@code result} are JSON as the audit trail keeps it: the request as asked (its password left out),
 * the steps (null when none were recorded), the workflow's result (its fields are the workflow's own,
 * camelCase) or null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OperationBody(
    String id,
    String kind,
    @JsonProperty("addon_id") String addonId,
    String app,
    String status,
    @JsonProperty("requested_by") String requestedBy,
    JsonNode request,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("closed_at") String closedAt,
    List<Step> steps,
    Failure error,
    JsonNode result,
    @JsonProperty("workflow_id") String workflowId,
    @JsonProperty("run_id") String runId) {

  /**
   * One step (components/schemas/Step): {@code state} is pending, running, done, failed or skipped;
   * {@code note} says what it did or why it failed, null when there is nothing to say.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Step(String name, String state, String note) {}

  /** Why an operation did not succeed. */
  public record Failure(String code, String message) {}

  /** {"operation":{...}} */
  public record One(OperationBody operation) {}

  /** An app's audit trail, one page: {"operations":[...],"meta":{"pagination":{...}}}. */
  public record Page(List<OperationBody> operations, Meta meta) {}

  public record Meta(Pagination pagination) {}

  /** {@code next_page} and {@code prev_page} are null on the last and the first page. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Pagination(
      @JsonProperty("current_page") int currentPage,
      @JsonProperty("per_page") int perPage,
      @JsonProperty("total_count") int totalCount,
      @JsonProperty("total_pages") int totalPages,
      @JsonProperty("next_page") Integer nextPage,
      @JsonProperty("prev_page") Integer prevPage) {}
}
