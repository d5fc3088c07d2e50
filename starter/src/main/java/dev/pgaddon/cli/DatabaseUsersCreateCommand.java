package dev.pgaddon.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "database-users-create", description = "Create a database user (asks for its password; empty: generated)")
final class DatabaseUsersCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Option(names = "--read-only", description = "The user can read every table and sequence of public, and write nothing")
  boolean readOnly;

  @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts); empty: generated")
  boolean passwordStdin;

  @Parameters(index = "0", paramLabel = "USERNAME")
  String username;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    String password = DatabaseUsers.password(passwordStdin, System.in);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("username", username);
    fields.put("read_only", readOnly);
    if (!password.isEmpty()) {
      fields.put("password", password);
    }
    ApiClient api = ApiClient.fromConfig();
    ApiClient.Response accepted = api.send("POST", DatabaseUsers.path(app, addonId), DatabaseUsers.body(fields));
    DatabaseUsers.finish(api, accepted, spec.commandLine().getOut(), output, "User \"" + username + "\" created");
    return 0;
  }
}
