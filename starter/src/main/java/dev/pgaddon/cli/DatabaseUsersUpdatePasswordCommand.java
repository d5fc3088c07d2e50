package dev.pgaddon.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "database-users-update-password", description = "Change a database user's password (empty: generated)")
final class DatabaseUsersUpdatePasswordCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts); empty: generated")
  boolean passwordStdin;

  @Parameters(index = "0", paramLabel = "USERNAME")
  String username;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    String password = DatabaseUsers.password(passwordStdin, System.in);
    ApiClient api = ApiClient.fromConfig();
    ApiClient.Response accepted = api.send("PUT", DatabaseUsers.userPath(app, addonId, username) + "/password",
        DatabaseUsers.body(password.isEmpty() ? Map.of() : Map.of("password", password)));
    // The spec prints the creation's sentence here too.
    DatabaseUsers.finish(api, accepted, spec.commandLine().getOut(), output, "User \"" + username + "\" created");
    return 0;
  }
}
