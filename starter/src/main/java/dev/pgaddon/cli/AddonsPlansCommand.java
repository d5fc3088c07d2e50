package dev.pgaddon.cli;

import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "addons-plans", description = "List the plans of an addon provider")
final class AddonsPlansCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "PROVIDER", description = "Addon provider (postgresql)")
  String provider;

  @Override
  public Integer call() {
    if (!PlanCatalog.PROVIDER.equals(provider)) {
      throw new CliError(CliError.INVALID, "unknown addon provider '" + provider + "'; the only provider is 'postgresql'");
    }
    var out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, PlanCatalog.all());
      return 0;
    }
    Table table = new Table("ID", "NAME");
    for (Plan p : PlanCatalog.all()) {
      table.row(p.id(), p.name());
    }
    out.print(table.render());
    return 0;
  }
}
