package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Liberty's batch management REST API beside the dashboard's sign-in: only the batch operator of the server's
 * registry gets in; nobody unsigned, and no dashboard operator with the cookies of their sign-in.
 */
class BatchApiSecurityIT {
    private static final String JOBS = "https://localhost:" + ItServer.setting("SEGMENTFLOW_HTTPS_PORT")
            + "/ibm/api/batch/jobinstances?jobName=fan-out";

    @Test
    void the_batch_operator_lists_jobs() throws Exception {
        String credentials = "operator:" + ItServer.setting("SEGMENTFLOW_BATCH_OPERATOR_PASSWORD");

        HttpResponse<String> jobs = send(HttpRequest.newBuilder(URI.create(JOBS))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));

        assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
    }

    @Test
    void nobody_unsigned_lists_jobs() throws Exception {
        HttpResponse<String> jobs = send(HttpRequest.newBuilder(URI.create(JOBS)));

        assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(401);
    }

    @Test
    void a_dashboard_operator_lists_no_jobs_with_the_cookies_of_their_sign_in() throws Exception {
        DashboardClient browser = new DashboardClient();
        browser.signIn(DashboardClient.ADMIN_EMAIL, DashboardClient.ADMIN_PASSWORD);

        HttpResponse<String> jobs =
                send(HttpRequest.newBuilder(URI.create(JOBS)).header("Cookie", browser.cookieHeader()));

        assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(401);
    }

    @Test
    void a_dashboard_operator_lists_no_jobs_with_their_password() throws Exception {
        String credentials = DashboardClient.ADMIN_EMAIL + ":" + DashboardClient.ADMIN_PASSWORD;

        HttpResponse<String> jobs = send(HttpRequest.newBuilder(URI.create(JOBS))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));

        assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(401);
    }

    /** Over HTTPS to the server's own self-signed certificate. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustingTheTestServer()}, new SecureRandom());
        HttpClient http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The test server's certificate is self-signed, made by Liberty at its first start. */
    private static final class TrustingTheTestServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
