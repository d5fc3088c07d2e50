package dev.pgaddon.api;

import dev.pgaddon.api.body.SessionBody;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.Sessions;
import io.javalin.http.Context;
import java.util.List;

/**
 * The dashboard's sessions (started with an API token, acting with its scope) and the apps a
 * caller reaches.
 */
final class SessionRoutes {
  private final ControlDatabase db;
  private final String temporalUiUrl;
  private final Quotas quotas;

  SessionRoutes(ControlDatabase db, String temporalUiUrl, Quotas quotas) {
    this.db = db;
    this.temporalUiUrl = temporalUiUrl;
    this.quotas = quotas;
  }

  List<Route> routes() {
    return List.of(
        Route.post("/v1/sessions", this::start),
        Route.delete("/v1/sessions/current", this::end),
        Route.get("/v1/apps", this::apps));
  }

  private void start(Context ctx) {
    Caller caller = Caller.of(ctx);
    if (caller.session() != null) {
      throw ApiError.refused("a session is started with an API token, not with another session");
    }
    Sessions sessions = db.sessions();
    sessions.purgeDead();
    quotas.checkSessions(caller.tokenId(), sessions.live(caller.tokenId()));
    Sessions.NewSession session = sessions.start(caller.token());
    ctx.header("Cache-Control", "no-store");
    Json.send(ctx, 201, new SessionBody.One(new SessionBody(session.secret(), session.expiresAt().toString(),
        Sessions.IDLE.toSeconds(), temporalUiUrl)));
  }

  private void end(Context ctx) {
    Caller caller = Caller.of(ctx);
    if (caller.session() == null) {
      throw ApiError.refused("this request came with an API token, not a session: there is no session to end");
    }
    db.sessions().end(caller.session());
    ctx.status(204);
  }

  private void apps(Context ctx) {
    Caller caller = Caller.of(ctx);
    List<String> names = caller.token().admin() ? db.apps().all() : caller.token().apps().stream().sorted().toList();
    Json.send(ctx, 200, new SessionBody.Apps(names.stream().map(SessionBody.App::new).toList()));
  }
}
