package dev.pgaddon.api;

import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.control.Tokens;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.settings.PlatformSettings;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.temporal.TemporalClients;
import dev.pgaddon.temporal.TemporalSettings;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The pgaddon-api process: `serve` (the default) and, on the server's host, `tokens`. */
@Command(name = "pgaddon-api", mixinStandardHelpOptions = true, description = "The pgaddon HTTP API",
    subcommands = {ApiMain.Serve.class, ApiMain.TokensCommand.class})
public final class ApiMain implements Callable<Integer> {
  public static void main(String[] args) {
    loadOrExit();
    int code = new CommandLine(new ApiMain()).execute(args);
    if (code != 0 || args.length > 0 && !args[0].equals("serve")) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    return new Serve().call();
  }

  @Command(name = "serve", description = "Serve the API on PGADDON_API_HOST:PGADDON_API_PORT (127.0.0.1:8080)")
  static final class Serve implements Callable<Integer> {
    @Override
    public Integer call() {
      PlatformSettings platform = PlatformSettings.current();
      String host = platform.apiHost();
      int port = platform.apiPort();
      ControlDatabase db = ControlDatabase.fromEnvironment();
      TemporalSettings settings = TemporalSettings.of(platform);
      PgaddonHome home = new PgaddonHome(platform.home());
      CodecKey key = CodecKey.load(home);
      WorkflowClient temporal = TemporalClients.client(TemporalClients.serviceStubs(settings), settings, key);
      ApiServer server = ApiServer.start(host, port, db, temporal, new SecretBox(key.key()));
      CodecServer codec = CodecServer.start(platform.codecPort(), key, java.util.Set.copyOf(platform.uiOrigins()),
          CodecToken.load(platform.codecToken(), home.path()));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        codec.close();
        server.close();
        db.close();
      }));
      return 0;
    }
  }

  @Command(name = "tokens", description = "API tokens (run on the API server's host)",
      subcommands = {Create.class, ListTokens.class, Revoke.class})
  static final class TokensCommand {}

  @Command(name = "create", description = "Create a token and print it once")
  static final class Create implements Callable<Integer> {
    @Option(names = "--app", paramLabel = "APP", description = "An app the token reaches (repeatable)")
    List<String> apps = new ArrayList<>();

    @Option(names = "--admin", description = "The token reaches every app")
    boolean admin;

    @Option(names = "--description", description = "What the token is for")
    String description = "";

    @Override
    public Integer call() {
      if (admin == !apps.isEmpty()) {
        System.err.println(" !     give either --admin or one or more --app");
        return 2;
      }
      for (String app : apps) {
        String problem = AddonNames.appNameProblem(app);
        if (problem != null) {
          System.err.println(" !     " + problem);
          return 2;
        }
      }
      try (ControlDatabase db = ControlDatabase.fromEnvironment()) {
        Tokens.NewToken token = db.tokens().create(apps, admin, description);
        System.out.println(token.secret());
        System.err.println("-----> Token " + token.id() + " created (" + (admin ? "admin" : "apps: " + String.join(", ", apps))
            + "); it is shown only this once");
      }
      return 0;
    }
  }

  @Command(name = "list", description = "List tokens (never their secrets)")
  static final class ListTokens implements Callable<Integer> {
    @Override
    public Integer call() {
      try (ControlDatabase db = ControlDatabase.fromEnvironment()) {
        System.out.printf("%-16s %-8s %-30s %-24s %-24s %s%n", "ID", "SCOPE", "APPS", "CREATED", "LAST USED", "REVOKED");
        for (Tokens.TokenRecord t : db.tokens().list()) {
          System.out.printf("%-16s %-8s %-30s %-24s %-24s %s%n", t.id(), t.admin() ? "admin" : "apps",
              String.join(",", t.apps()), t.createdAt(), t.lastUsedAt() == null ? "-" : t.lastUsedAt(),
              t.revokedAt() == null ? "-" : t.revokedAt());
        }
      }
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a token: it gets 401 from then on")
  static final class Revoke implements Callable<Integer> {
    @Parameters(paramLabel = "TOKEN_ID")
    String id;

    @Override
    public Integer call() {
      try (ControlDatabase db = ControlDatabase.fromEnvironment()) {
        if (!db.tokens().revoke(id)) {
          System.err.println(" !     no live token " + id);
          return 2;
        }
      }
      System.out.println("-----> Token " + id + " revoked");
      return 0;
    }
  }

  /**
   * The process's settings (and the API's limits, {@link ApiSettings}), validated and installed before
   * anything else runs; an invalid one ends the process with status 2 and a message naming it.
   */
  static PlatformSettings loadOrExit() {
    try {
      PlatformSettings settings = PlatformSettings.fromEnvironment();
      ApiSettings.fromEnvironment(settings.environment());
      PlatformSettings.install(settings);
      return settings;
    } catch (IllegalArgumentException e) {
      System.err.println("pgaddon-api: " + e.getMessage());
      System.exit(2);
      throw e; // not reached
    }
  }
}
