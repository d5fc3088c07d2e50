package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "database-extensions", description = "List the extensions that can be enabled, with the installed version")
final class DatabaseExtensionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    JsonNode extensions = ApiClient.of(spec).get(DatabaseExtensions.path(app, addonOptions.requireAddon()))
        .path("extensions");
    output.printRows(spec.commandLine().getOut(), extensions,
        new Table("NAME", "DEFAULT VERSION", "INSTALLED VERSION", "DESCRIPTION"),
        e -> new Object[] {e.path("name").asText(), e.path("default_version").asText(""),
            e.path("installed_version").asText(""), e.path("description").asText("")});
    return 0;
  }
}
