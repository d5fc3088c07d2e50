package dev.pgaddon.cli;

import dev.pgaddon.api.body.PlanBody;
import java.util.List;
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
    List<PlanBody> plans = ApiClient.of(spec).get("/v1/addon_providers/postgresql/plans", PlanBody.Catalog.class).plans();
    var out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, plans);
      return 0;
    }
    Table table = new Table("ID", "NAME");
    for (PlanBody p : plans) {
      table.row(p.id(), p.name());
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
