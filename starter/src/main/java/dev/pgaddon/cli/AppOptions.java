package dev.pgaddon.cli;

import dev.pgaddon.operation.AddonNames;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --app, as the seed's commands take it. */
public final class AppOptions {
  @Option(names = {"-a", "--app"}, description = "Name of the application", paramLabel = "APP")
  String app;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  String requireApp() {
    if (app == null && mixee.parent() != null && mixee.parent().userObject() instanceof Pgaddon top) {
      app = top.app;
    }
    String problem = AddonNames.appNameProblem(app);
    if (problem != null) {
      throw new CliError(CliError.INVALID, problem);
    }
    return app;
  }
}
