package dev.pgaddon.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --app, as the seed's commands take it; checked here so a bad name costs no request. */
public final class AppOptions {
  private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{2,47}");

  @Option(names = {"-a", "--app"}, description = "Name of the application", paramLabel = "APP")
  String app;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  String requireApp() {
    if (app == null && mixee.parent() != null && mixee.parent().userObject() instanceof Pgaddon top) {
      app = top.app;
    }
    if (app == null || app.isBlank()) {
      throw new CliError(CliError.INVALID, "an app name is required (--app)");
    }
    if (!APP.matcher(app).matches()) {
      throw new CliError(CliError.INVALID, "invalid app name '" + app
          + "': 3 to 48 characters, lowercase letters, digits and '-', starting with a letter");
    }
    return app;
  }
}
