package dev.pgaddon.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.EncryptionCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.temporal.api.common.v1.Payloads;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's remote codec endpoints (POST /codec/decode and /codec/encode) for the Web UI, so an
 * operator reads decrypted inputs and results. It listens apart from the users' API, on loopback
 * only (PGADDON_CODEC_PORT, default 8089), answers CORS only for the UI's origins
 * (PGADDON_UI_ORIGINS), and asks for the operators' codec token ({@link CodecToken}): a tenant
 * whose node reaches the host's loopback must not decrypt the histories.
 *
 * <p>The token comes as {@code Authorization: Bearer} (scripts, a proxy) or as a cookie. The Web UI
 * sends a bearer only with an https endpoint and only its own OIDC access token, so a browser signs
 * in once at /codec/signin (the cookie is HttpOnly, SameSite=Strict, for /codec) and the UI's codec
 * setting "include cross-origin credentials" sends it.
 */
public final class CodecServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  static final String SIGN_IN = "/codec/signin";
  static final String COOKIE = "pgaddon_codec";
  private static final String PAGE_POLICY = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final String SIGN_IN_FORM = "<!doctype html><title>pgaddon codec</title>"
      + "<form method=post action=" + SIGN_IN + "><p><label>Codec token (" + CodecToken.FILE + " in the pgaddon home,"
      + " or PGADDON_CODEC_TOKEN) <input type=password name=token autocomplete=off required></label>"
      + " <button>Sign in</button></form>";
  private static final String SIGNED_IN = "<!doctype html><title>pgaddon codec</title><p>Signed in for 12 hours."
      + " In the Temporal Web UI's codec settings, turn on \"Include cross-origin credentials\" (open the UI on this"
      + " same host name).";
  private final Javalin app;

  private CodecServer(Javalin app) {
    this.app = app;
  }

  public static CodecServer start(int port, CodecKey key, Set<String> uiOrigins, CodecToken token) {
    EncryptionCodec codec = new EncryptionCodec(key);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = 4 * 1024 * 1024;
      config.routes.before(ctx -> {
        requireLoopbackHost(ctx);
        cors(ctx, uiOrigins);
        if (ctx.method() != HandlerType.OPTIONS && !ctx.path().equals(SIGN_IN)) {
          requireToken(ctx, token);
        }
      });
      config.routes.options("/codec/*", ctx -> ctx.status(204));
      config.routes.get(SIGN_IN, ctx -> page(ctx, 200, SIGN_IN_FORM));
      config.routes.post(SIGN_IN, ctx -> signIn(ctx, token));
      config.routes.post("/codec/decode", ctx -> transform(ctx, codec::decode));
      config.routes.post("/codec/encode", ctx -> transform(ctx, codec::encode));
      config.routes.exception(ApiError.class, (e, ctx) -> ApiServer.error(ctx, e.status, e.code, e.getMessage()));
      config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) ->
          ApiServer.error(ctx, e.getStatus(), "refused", e.getMessage()));
      config.routes.exception(InvalidProtocolBufferException.class, (e, ctx) ->
          ApiServer.error(ctx, 400, "malformed_request", "the body must be {\"payloads\":[...]}: " + e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.warn("codec request failed: {}", e.getMessage());
        ApiServer.error(ctx, 422, "refused", "cannot transform these payloads (another key?)");
      });
    });
    app.start("127.0.0.1", port);
    log.info("codec endpoints for the Temporal Web UI on http://127.0.0.1:{}/codec", app.port());
    return new CodecServer(app);
  }

  public int port() {
    return app.port();
  }

  private static void transform(Context ctx, UnaryOperator<List<io.temporal.api.common.v1.Payload>> f)
      throws InvalidProtocolBufferException {
    Payloads.Builder in = Payloads.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(ctx.body(), in);
    Payloads out = Payloads.newBuilder().addAllPayloads(f.apply(in.getPayloadsList())).build();
    ctx.contentType("application/json").result(JsonFormat.printer().print(out));
  }

  private static void requireToken(Context ctx, CodecToken token) {
    String header = ctx.header("Authorization");
    String bearer = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
    if (!token.matches(bearer) && !token.matches(ctx.cookie(COOKIE))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiError(401, "unauthorized", "the codec endpoints need the operators' codec token: Authorization:"
          + " Bearer <token>, or sign in at " + SIGN_IN + " (" + CodecToken.FILE + " in the pgaddon home, or PGADDON_CODEC_TOKEN)");
    }
  }

  private static void signIn(Context ctx, CodecToken token) {
    String presented = ctx.formParam("token");
    if (!token.matches(presented)) {
      throw new ApiError(401, "unauthorized", "that is not the codec token");
    }
    ctx.header("Set-Cookie", COOKIE + "=" + presented.trim() + "; Path=/codec; Max-Age=43200; HttpOnly; SameSite=Strict");
    page(ctx, 200, SIGNED_IN);
  }

  private static void page(Context ctx, int status, String html) {
    ctx.header("Content-Security-Policy", PAGE_POLICY);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
  }

  /** A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) still sends its own Host: refused. */
  private static void requireLoopbackHost(Context ctx) {
    String host = String.valueOf(ctx.header("Host"));
    String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
    if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
      throw new io.javalin.http.HttpResponseException(421, "the codec endpoints answer only on a loopback host name");
    }
  }

  private static void cors(Context ctx, Set<String> origins) {
    String origin = ctx.header("Origin");
    if (origin != null && origins.contains(origin)) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Vary", "Origin");
      ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
      ctx.header("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization, Authorization-Extras");
      ctx.header("Access-Control-Allow-Credentials", "true");
      ctx.header("Access-Control-Max-Age", "600");
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
