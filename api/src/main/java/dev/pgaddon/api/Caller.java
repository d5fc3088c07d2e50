package dev.pgaddon.api;

import dev.pgaddon.control.Tokens.TokenRecord;
import io.javalin.http.Context;

/**
 * The token a request came with, set by the authentication filter; {@code session} is the
 * dashboard session's secret when the request came with one (it acts with its token's scope).
 */
record Caller(TokenRecord token, String session) {
  private static final String ATTRIBUTE = "pgaddon.caller";

  static void set(Context ctx, Caller caller) {
    ctx.attribute(ATTRIBUTE, caller);
  }

  static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    if (caller == null) {
      throw ApiError.unauthorized();
    }
    return caller;
  }

  /** The app named in the path, when this token reaches it; 404 otherwise (never "forbidden": not yours looks unknown). */
  String app(Context ctx) {
    String app = ctx.pathParam("app");
    if (!token.reaches(app)) {
      throw ApiError.unknownApp(app);
    }
    return app;
  }

  String tokenId() {
    return token.id();
  }
}
