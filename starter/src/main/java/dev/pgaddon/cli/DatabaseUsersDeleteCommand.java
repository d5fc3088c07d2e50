package dev.pgaddon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "database-users-delete", description = "Delete a database user (what it owns goes to the default user)")
final class DatabaseUsersDeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "USERNAME")
  String username;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    ApiClient api = ApiClient.fromConfig();
    ApiClient.Response accepted = api.send("DELETE", DatabaseUsers.userPath(app, addonOptions.requireAddon(), username), null);
    DatabaseUsers.finish(api, accepted, spec.commandLine().getOut(), output, "User \"" + username + "\" deleted");
    return 0;
  }
}
