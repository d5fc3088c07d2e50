package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.UserBody;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "database-users-list", description = "List the database users: read-only, protected, password encryption")
final class DatabaseUsersListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    JsonNode users = ApiClient.of(spec).get(DatabaseUsers.path(app, addonOptions.requireAddon()), UserBody.Many.class)
        .users();
    output.printRows(spec.commandLine().getOut(), ApiClient.readList(users, UserBody.Row.class),
        new Table("USERNAME", "READ-ONLY", "PROTECTED", "PASSWORD ENCRYPTION"),
        u -> new Object[] {u.username(), u.readOnly(), u.isProtected(), u.passwordEncryption()});
    return 0;
  }
}
