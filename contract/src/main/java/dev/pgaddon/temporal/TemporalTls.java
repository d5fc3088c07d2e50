package dev.pgaddon.temporal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS to a Temporal cluster (a production one; the development server stays on loopback, in
 * clear): TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, the client's certificate chain and PKCS#8 key as
 * PEM files; TEMPORAL_TLS_CA, the CA that signed the server's certificate (else the JVM's trust
 * store); TEMPORAL_TLS_SERVER_NAME, the name in the server's certificate when the address differs.
 */
public record TemporalTls(Path cert, Path key, Path ca, String serverName) {

  /** Null when no TLS setting is given; a partial one (a certificate without its key) is refused. */
  public static TemporalTls fromEnvironment() {
    return dev.pgaddon.settings.PlatformSettings.current().temporalTls();
  }

  /** From the four settings' values; null when none is given, a partial one refused. */
  public static TemporalTls of(String cert, String key, String ca, String serverName) {
    boolean hasCert = present(cert);
    boolean hasKey = present(key);
    if (!hasCert && !hasKey && !present(ca)) {
      return null;
    }
    if (hasCert != hasKey) {
      throw new IllegalArgumentException("TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mutual TLS): set both");
    }
    return new TemporalTls(hasCert ? Path.of(cert) : null, hasKey ? Path.of(key) : null, present(ca) ? Path.of(ca) : null,
        present(serverName) ? serverName : null);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /** The stubs' options with this TLS configuration. */
  WorkflowServiceStubsOptions.Builder apply(WorkflowServiceStubsOptions.Builder options) {
    options.setSslContext(sslContext());
    if (serverName != null) {
      options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
    }
    return options;
  }

  SslContext sslContext() {
    try (InputStream certIn = cert == null ? null : Files.newInputStream(cert);
        InputStream keyIn = key == null ? null : Files.newInputStream(key)) {
      SimpleSslContextBuilder builder = certIn == null ? SimpleSslContextBuilder.noKeyOrCertChain()
          : SimpleSslContextBuilder.forPKCS8(certIn, keyIn);
      if (ca != null) {
        builder.setTrustManager(trustManager(ca));
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Temporal TLS settings unusable (" + e.getMessage() + ")", e);
    }
  }

  private static javax.net.ssl.TrustManager trustManager(Path ca) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(ca)) {
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, (X509Certificate) certificate);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers()[0];
  }
}
