package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.ExtensionBody;
import java.util.Objects;
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
    JsonNode extensions = ApiClient.of(spec).get(DatabaseExtensions.path(app, addonOptions.requireAddon()),
        ExtensionBody.Many.class).extensions();
    output.printRows(spec.commandLine().getOut(), ApiClient.readList(extensions, ExtensionBody.Row.class),
        new Table("NAME", "DEFAULT VERSION", "INSTALLED VERSION", "DESCRIPTION"),
        e -> new Object[] {e.name(), Objects.toString(e.defaultVersion(), ""), Objects.toString(e.installedVersion(), ""),
            Objects.toString(e.description(), "")});
    return 0;
  }
}
