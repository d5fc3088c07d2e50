package dev.pgaddon.api.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The database users (components/schemas/DatabaseUser) and the answer to a change of one. */
public final class UserBody {
  private UserBody() {}

  /**
   * {"users":[...]}: the list exactly as the workers last read it from PostgreSQL and recorded it
   * (username, read_only, protected, password_encryption), passed through as JSON.
   */
  public record Many(JsonNode users) {}

  /**
   * One row of that list, the fields the API documents (components/schemas/DatabaseUser): how a
   * client reads {@link Many#users()}.
   */
  public record Row(
      String username,
      @JsonProperty("read_only") boolean readOnly,
      @JsonProperty("protected") boolean isProtected,
      @JsonProperty("password_encryption") String passwordEncryption) {}

  /** The user a change is about. */
  public record User(String username, @JsonProperty("read_only") boolean readOnly) {}

  /**
   * 202 of a user's creation, password change or deletion; {@code password} only when the platform
   * generated it (shown once), absent otherwise.
   */
  public record Accepted(
      OperationBody operation,
      User user,
      @JsonInclude(JsonInclude.Include.NON_NULL) String password) {}
}
