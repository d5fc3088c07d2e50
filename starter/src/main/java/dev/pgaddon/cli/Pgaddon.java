package dev.pgaddon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pgaddon", mixinStandardHelpOptions = true, version = "pgaddon 0.1.0",
    description = "Manage PostgreSQL addons through the pgaddon API (PGADDON_API_URL, PGADDON_API_TOKEN or pgaddon login):"
        + " plans, provisioning, plan changes, upgrades, backups, point-in-time recovery, removal.",
    subcommands = {LoginCommand.class, AddonsPlansCommand.class, AddonsCommand.class, AddonsInfoCommand.class,
        AddonsAddCommand.class, AddonsRemoveCommand.class, AddonsUpgradeCommand.class, OperationsCommand.class,
        DatabaseUpgradeCommand.class, DatabaseUsersListCommand.class, DatabaseUsers.Create.class,
        DatabaseUsers.UpdatePassword.class, DatabaseUsers.Delete.class, DatabaseExtensionsCommand.class,
        DatabaseExtensions.Enable.class, DatabaseExtensions.Disable.class, BackupsCommand.class, BackupsCreateCommand.class,
        BackupsDownloadCommand.class, BackupsConfigCommand.class, DatabasePitrRecoveryWindowCommand.class,
        DatabasePitrRestoreCommand.class})
public final class Pgaddon {
  /** The seed writes "pgaddon --app my-app addons": --app before the subcommand, or after it. */
  @Option(names = {"-a", "--app"}, description = "Name of the application", paramLabel = "APP")
  String app;

  @Option(names = "--addon", description = "Addon id, for the database-* and backups* commands", paramLabel = "ADDON_ID")
  String addon;

  /** Where the API is and which token to show it: built once in {@link #main}, given to every command. */
  final CliSettings settings;

  Pgaddon(CliSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings);
  }

  public static void main(String[] args) {
    CommandLine cli = commandLine(CliSettings.fromEnvironment());
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }

  /** The configured command line with these settings; tests run commands through it in-process. */
  public static CommandLine commandLine(CliSettings settings) {
    CommandLine cli = new CommandLine(new Pgaddon(settings));
    cli.setExecutionExceptionHandler(new FailureHandler());
    return cli;
  }
}
