package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "addons-plans", description = "List the plans of an addon provider")
final class AddonsPlansCommand implements Callable<Integer> {
  static final String PROVIDER = "postgresql";

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "PROVIDER", description = "Addon provider (postgresql)")
  String provider;

  @Override
  public Integer call() {
    requireProvider(provider);
    JsonNode plans = ApiClient.of(spec).get("/v1/addon_providers/postgresql/plans").path("plans");
    var out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, plans);
      return 0;
    }
    Table table = new Table("ID", "NAME");
    for (JsonNode p : plans) {
      table.row(p.path("id").asText(), p.path("name").asText());
    }
    out.print(table.render());
    return 0;
  }

  static void requireProvider(String provider) {
    if (!PROVIDER.equals(provider)) {
      throw new CliError(CliError.INVALID, "unknown addon provider '" + provider + "'; the only provider is 'postgresql'");
    }
  }
}
