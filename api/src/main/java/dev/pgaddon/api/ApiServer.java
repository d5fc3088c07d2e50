package dev.pgaddon.api;

import dev.pgaddon.api.body.ErrorBody;
import dev.pgaddon.backup.BackupRepository;

import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.SecretBox;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pgaddon API: JSON under /v1, every route behind a token. It reads the control database and
 * talks to Temporal; it never calls Docker.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  /** Requests here are small JSON objects; anything bigger is refused before it is read. */
  static final long MAX_BODY_BYTES = 64 * 1024;
  static final String OPENAPI_PATH = "/v1/openapi.json";
  private static final String ERROR_SENT = "pgaddon.error-sent";

  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  public static ApiServer start(String host, int port, ControlDatabase db, WorkflowClient temporal, SecretBox box) {
    return start(host, port, db, temporal, box, ApiSettings.fromEnvironment());
  }

  /** With the front door's settings ({@link ApiSettings}' names) given here over the environment's. */
  public static ApiServer start(String host, int port, ControlDatabase db, WorkflowClient temporal, SecretBox box,
      java.util.Map<String, String> settings) {
    java.util.Map<String, String> all = new java.util.HashMap<>(dev.pgaddon.settings.PlatformSettings.current().environment());
    all.putAll(settings);
    return start(host, port, db, temporal, box, ApiSettings.fromEnvironment(all));
  }

  static ApiServer start(String host, int port, ControlDatabase db, WorkflowClient temporal, SecretBox box,
      ApiSettings settings) {
    OperationTracker tracker = new OperationTracker(db, temporal);
    OperationStarter starter = new OperationStarter(db, temporal, tracker);
    Credentials credentials = Credentials.of(db);
    List<Route> routes = new ArrayList<>();
    AddonRoutes addonRoutes = new AddonRoutes(db, starter, tracker, box, settings.quotas());
    routes.addAll(addonRoutes.routes());
    routes.addAll(new UserRoutes(addonRoutes, starter, tracker).routes());
    routes.addAll(new ExtensionRoutes(addonRoutes, starter, tracker).routes());
    routes.addAll(new BackupRoutes(addonRoutes, db, temporal, starter, tracker,
        new BackupDownload(BackupRepository.fromEnvironment()), credentials, settings.quotas()).routes());
    routes.addAll(new OperationRoutes(db, tracker).routes());
    routes.addAll(new SessionRoutes(db, temporalUiUrl(), settings.quotas()).routes());
    return serve(host, port, settings, credentials, routes);
  }

  /** The server without what the routes need (Temporal, the control database): tests give their own routes. */
  static ApiServer serve(String host, int port, ApiSettings settings, Credentials credentials, List<Route> routes) {
    String openapi = resource("openapi.json");
    DashboardAssets dashboard = new DashboardAssets();
    FrontDoor frontDoor = new FrontDoor(credentials, new RateLimiter(settings.ratePerSecond(), settings.rateBurst(),
        System::nanoTime), settings);
    Javalin app = Javalin.create(config -> {
      config.http.maxRequestSize = MAX_BODY_BYTES;
      // A few threads per core: more only queue on the cores and the 8 database connections.
      config.jetty.threadPool = new org.eclipse.jetty.util.thread.QueuedThreadPool(16, 4);
      JettyLimits.apply(config.jetty, host, port, settings);
      config.startup.showJavalinBanner = false;
      config.routes.before("/v1/*", frontDoor::admit);
      config.routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openapi));
      config.routes.get("/", ctx -> ctx.redirect(DashboardAssets.PATH));
      for (String path : DashboardAssets.ROUTES) {
        config.routes.get(path, dashboard::serve);
      }
      for (Route r : routes) {
        config.routes.addHttpHandler(r.method(), r.path(), r.handler());
      }
      config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
      config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
          JettyLimits.code(e.getStatus()), e.getStatus() == 413
              ? "the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB" : e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (JettyLimits.clientGone(e)) {
          log.debug("{} {}: the client went away", ctx.method(), ctx.path());
          return;
        }
        String unavailable = unavailable(e);
        if (unavailable != null) {
          log.warn("{} {}: {}", ctx.method(), ctx.path(), unavailable);
          error(ctx, 503, "unavailable", unavailable + "; try again shortly");
          return;
        }
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal", "internal error; see the API server's log");
      });
      config.routes.error(404, ctx -> {
        if (!isErrorBody(ctx)) {
          error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path());
        }
      });
      config.routes.error(405, ctx -> {
        if (!isErrorBody(ctx)) {
          error(ctx, 405, "method_not_allowed", "method " + ctx.method() + " is not allowed on " + ctx.path());
        }
      });
    });
    app.start();
    log.info("pgaddon API listening on http://{}:{}/v1", host, app.port());
    return new ApiServer(app);
  }

  public int port() {
    return app.port();
  }

  /** Method and path template of every route (without the OpenAPI document itself). */
  public static List<String> routeTable() {
    AddonRoutes addonRoutes = new AddonRoutes(null, null, null, null, null);
    List<Route> all = new ArrayList<>(addonRoutes.routes());
    all.addAll(new UserRoutes(addonRoutes, null, null).routes());
    all.addAll(new ExtensionRoutes(addonRoutes, null, null).routes());
    all.addAll(new BackupRoutes(addonRoutes, null, null, null, null, null, null, null).routes());
    all.addAll(new OperationRoutes(null, null).routes());
    all.addAll(new SessionRoutes(null, null, null).routes());
    return all.stream().map(r -> r.method().name() + " " + r.path()).toList();
  }

  /** Where operators open an operation's history (the dashboard links there). */
  private static String temporalUiUrl() {
    return dev.pgaddon.settings.PlatformSettings.current().temporalUiUrl();
  }

  /** What the API depends on and cannot reach (Temporal, the control database), or null. */
  private static String unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.grpc.StatusRuntimeException s
          && (s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
              || s.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED)) {
        return "the Temporal service does not answer";
      }
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLException se && se.getSQLState() != null && se.getSQLState().startsWith("08")) {
        return "the control database does not answer";
      }
    }
    return null;
  }

  private static boolean isErrorBody(Context ctx) {
    return ctx.attribute(ERROR_SENT) != null;
  }

  static void error(Context ctx, int status, String code, String message) {
    ctx.attribute(ERROR_SENT, Boolean.TRUE);
    Json.send(ctx, status, errorBody(code, message));
  }

  /** The one error shape: {"error":{"code","message"}}. */
  static ErrorBody errorBody(String code, String message) {
    return ErrorBody.of(code, message);
  }

  private static String resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing resource " + name, e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
