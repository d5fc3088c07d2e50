package dev.pgaddon.users;

import dev.pgaddon.node.NodeAddress;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Database users on an addon's primary. Passwords reach the worker only inside these inputs, which
 * the payload codec encrypts in the workflow history; PostgreSQL receives a SCRAM verifier computed
 * by the worker, never the password.
 */
@ActivityInterface
public interface UserActivities {
  /** @param owner the addon's default user: the owner of what the application creates */
  record UserInput(String addonId, NodeAddress primary, String database, String owner, String username,
      boolean readOnly, String password) {}

  record UserChanged(String username, String detail) {}

  /** A login role with the spec's grants (read-write), or read access to public, now and later (read-only). */
  @ActivityMethod(name = "CreateDatabaseUser")
  UserChanged create(UserInput input);

  @ActivityMethod(name = "UpdateDatabaseUserPassword")
  UserChanged updatePassword(UserInput input);

  /** What the user owns goes to the default user, then its privileges and the role go. */
  @ActivityMethod(name = "DeleteDatabaseUser")
  UserChanged delete(UserInput input);
}
