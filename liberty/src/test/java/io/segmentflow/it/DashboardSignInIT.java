package io.segmentflow.it;

import static io.segmentflow.it.DashboardClient.ADMIN_EMAIL;
import static io.segmentflow.it.DashboardClient.ADMIN_PASSWORD;
import static io.segmentflow.it.DashboardClient.form;
import static io.segmentflow.it.DashboardClient.tokenOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Signing in to the dashboard, as a plain HTTP client sees it: sessions, form tokens, keys, sign-out. */
class DashboardSignInIT {
    private static final String WRONG = "The email address or the password is not right.";

    @Test
    void a_page_asked_for_without_a_session_sends_the_browser_to_sign_in() {
        HttpResponse<String> page = new DashboardClient().get("/dashboard/operators");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard/sign-in"));
    }

    @Test
    void the_operator_of_the_configuration_signs_in_and_sees_the_operators_page() {
        DashboardClient browser = new DashboardClient();
        HttpResponse<String> form = browser.get("/dashboard/sign-in");
        String before = browser.sessionCookie();

        HttpResponse<String> signedIn = browser.post(
                "/dashboard/sign-in", form("_csrf", tokenOf(form), "email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard"));
        assertThat(browser.sessionCookie()).as("a new session id at sign-in").isNotEqualTo(before);
        assertThat(signedIn.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement()
                .satisfies(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Lax"));
        HttpResponse<String> operators = browser.get("/dashboard/operators");
        assertThat(operators.statusCode()).isEqualTo(200);
        assertThat(operators.body()).contains(ADMIN_EMAIL);
    }

    @Test
    void a_wrong_password_is_refused_in_words() {
        HttpResponse<String> refused = new DashboardClient().signIn(ADMIN_EMAIL, "not-the-password-at-all");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains(WRONG);
    }

    @Test
    void an_unknown_email_is_refused_in_the_same_words_as_a_wrong_password() {
        HttpResponse<String> refused =
                new DashboardClient().signIn("nobody-" + System.nanoTime() + "@example.com", "x");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains(WRONG);
    }

    @Test
    void hostile_input_on_the_sign_in_form_is_refused_in_words_never_with_a_failure() {
        HttpResponse<String> lineBreaks =
                new DashboardClient().signIn(ADMIN_EMAIL + "\r\nSet-Cookie: x=y", ADMIN_PASSWORD);
        HttpResponse<String> hugeEmail = new DashboardClient().signIn("a".repeat(100_000) + "@example.com", "x");
        HttpResponse<String> hugePassword = new DashboardClient().signIn(ADMIN_EMAIL, "p".repeat(100_000));

        assertThat(lineBreaks.statusCode()).isEqualTo(401);
        assertThat(lineBreaks.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("x="));
        assertThat(hugeEmail.statusCode()).isEqualTo(401);
        assertThat(hugePassword.statusCode()).isEqualTo(401);
        assertThat(hugePassword.body()).contains(WRONG);
    }

    @Test
    void the_batch_operator_of_the_servers_registry_is_no_dashboard_operator() {
        // The server's basicRegistry knows this user and password (Liberty's batch management API signs it in).
        HttpResponse<String> refused =
                new DashboardClient().signIn("operator", ItServer.setting("SEGMENTFLOW_BATCH_OPERATOR_PASSWORD"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains(WRONG);
    }

    @Test
    void an_api_key_opens_no_page() {
        DashboardClient client = new DashboardClient();

        HttpResponse<String> page = client.get("/dashboard/operators", "Authorization", "Bearer " + Api.BOOTSTRAP_KEY);
        HttpResponse<String> other = client.get("/dashboard", "x-api-key", Api.BOOTSTRAP_KEY);

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/dashboard/sign-in"));
        assertThat(other.statusCode()).isEqualTo(302);
        assertThat(page.body()).doesNotContain("Operators");
    }

    @Test
    void a_form_posted_without_its_token_is_refused_in_words_and_changes_nothing() {
        DashboardClient browser = new DashboardClient();
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        String email = "no-token-" + System.nanoTime() + "@example.com";

        HttpResponse<String> withoutToken = browser.post(
                "/dashboard/operators", form("action", "add", "email", email, "role", "viewer", "password", ""));
        HttpResponse<String> wrongToken = browser.post(
                "/dashboard/operators",
                form("_csrf", "not-the-token", "action", "add", "email", email, "role", "viewer", "password", ""));

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("This form was not sent from this dashboard");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(browser.get("/dashboard/operators").body()).doesNotContain(email);
    }

    @Test
    void the_sign_in_form_without_its_token_signs_no_one_in() {
        DashboardClient browser = new DashboardClient();
        browser.get("/dashboard/sign-in");

        HttpResponse<String> refused =
                browser.post("/dashboard/sign-in", form("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(browser.get("/dashboard/operators").statusCode()).isEqualTo(302);
    }

    @Test
    void signing_out_ends_the_session_and_its_cookies_open_nothing_again() {
        DashboardClient browser = new DashboardClient();
        browser.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> page = browser.get("/dashboard/operators");
        String cookies = browser.cookieHeader();

        HttpResponse<String> signedOut = browser.post("/dashboard/sign-out", form("_csrf", tokenOf(page)));

        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/dashboard/sign-in"));
        assertThat(browser.get("/dashboard/operators").statusCode()).isEqualTo(302);
        HttpResponse<String> replayed = new DashboardClient().get("/dashboard/operators", "Cookie", cookies);
        assertThat(replayed.statusCode())
                .as("the cookies from before the sign-out")
                .isEqualTo(302);
    }

    @Test
    void an_operator_an_owner_adds_signs_in_with_the_password_shown_once() {
        DashboardClient owner = new DashboardClient();
        owner.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        String email = "viewer-" + System.nanoTime() + "@example.com";

        HttpResponse<String> added = owner.post(
                "/dashboard/operators",
                form(
                        "_csrf",
                        tokenOf(owner.get("/dashboard/operators")),
                        "action",
                        "add",
                        "email",
                        email,
                        "role",
                        "viewer",
                        "password",
                        ""));

        assertThat(added.statusCode()).isEqualTo(200);
        String password = generatedPasswordOn(added);
        DashboardClient viewer = new DashboardClient();
        assertThat(viewer.signIn(email, password).statusCode()).isEqualTo(302);
        HttpResponse<String> list = viewer.get("/dashboard/operators");
        assertThat(list.body()).contains(email).contains(ADMIN_EMAIL).doesNotContain("Add an operator");
        assertThat(owner.get("/dashboard/operators").body()).doesNotContain(password);
    }

    @Test
    void a_viewer_manages_no_operators() {
        String email = "viewer-" + System.nanoTime() + "@example.com";
        String password = addOperator(email, "viewer");
        DashboardClient viewer = new DashboardClient();
        viewer.signIn(email, password);

        HttpResponse<String> refused = viewer.post(
                "/dashboard/operators",
                form(
                        "_csrf",
                        tokenOf(viewer.get("/dashboard/operators")),
                        "action",
                        "add",
                        "email",
                        "other-" + email,
                        "role",
                        "owner",
                        "password",
                        ""));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Only an owner of this workspace manages its operators.");
        assertThat(viewer.get("/dashboard/operators").body()).doesNotContain("other-" + email);
    }

    @Test
    void an_account_is_locked_after_repeated_failures_even_against_the_right_password() {
        String email = "locked-" + System.nanoTime() + "@example.com";
        String password = addOperator(email, "operator");
        int burst = Integer.parseInt(ItServer.setting("SEGMENTFLOW_SIGN_IN_FAILURES_BURST"));
        for (int i = 0; i < burst; i++) {
            assertThat(DashboardClient.signIn(LoopbackClient.atFreshAddress(), email, "wrong-password-" + i)
                            .status())
                    .isEqualTo(401);
        }

        LoopbackClient.Reply locked = DashboardClient.signIn(LoopbackClient.atFreshAddress(), email, password);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins for this account or from this address");
        assertThat(locked.header("Retry-After")).isNotNull();
    }

    @Test
    void an_address_is_held_back_after_repeated_failures_whatever_accounts_it_tries() throws Exception {
        LoopbackClient guesser = LoopbackClient.atFreshAddress();
        int burst = Integer.parseInt(ItServer.setting("SEGMENTFLOW_AUTH_FAILURES_BURST"));
        // Twice the burst at once: each guess is let through while failures are left and charged when it fails, so
        // the address ends deep in debt, however fast the bucket refills meanwhile.
        ExecutorService guesses = Executors.newFixedThreadPool(2 * burst);
        try {
            List<Future<LoopbackClient.Reply>> answers = new ArrayList<>();
            for (int i = 0; i < 2 * burst; i++) {
                String email = "guess-" + i + "-" + System.nanoTime() + "@example.com";
                answers.add(guesses.submit(() -> DashboardClient.signIn(guesser, email, "wrong")));
            }
            for (Future<LoopbackClient.Reply> answer : answers) {
                assertThat(answer.get().status()).isIn(401, 429);
            }
        } finally {
            guesses.shutdownNow();
        }

        LoopbackClient.Reply held = DashboardClient.signIn(guesser, ADMIN_EMAIL, ADMIN_PASSWORD);

        assertThat(held.status()).isEqualTo(429);
        assertThat(DashboardClient.signIn(LoopbackClient.atFreshAddress(), ADMIN_EMAIL, ADMIN_PASSWORD)
                        .status())
                .as("another address signs in")
                .isEqualTo(302);
    }

    @Test
    void an_operator_removed_from_the_workspace_is_signed_out_at_the_next_page() {
        String email = "removed-" + System.nanoTime() + "@example.com";
        String password = addOperator(email, "operator");
        DashboardClient removed = new DashboardClient();
        removed.signIn(email, password);
        assertThat(removed.get("/dashboard/operators").statusCode()).isEqualTo(200);
        DashboardClient owner = new DashboardClient();
        owner.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> page = owner.get("/dashboard/operators");
        String id = operatorIdOf(page, email);

        HttpResponse<String> done =
                owner.post("/dashboard/operators", form("_csrf", tokenOf(page), "action", "remove", "operator", id));

        assertThat(done.body()).contains(email + " no longer works in this workspace.");
        assertThat(removed.get("/dashboard/operators").statusCode()).isEqualTo(302);
        assertThat(removed.signIn(email, password).statusCode()).isEqualTo(401);
    }

    @Test
    void an_owner_removes_neither_themselves_nor_lowers_their_own_role() {
        DashboardClient owner = new DashboardClient();
        owner.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> page = owner.get("/dashboard/operators");
        String self = operatorIdOf(page, ADMIN_EMAIL);

        HttpResponse<String> removal =
                owner.post("/dashboard/operators", form("_csrf", tokenOf(page), "action", "remove", "operator", self));
        HttpResponse<String> demotion = owner.post(
                "/dashboard/operators",
                form("_csrf", tokenOf(page), "action", "role", "operator", self, "role", "viewer"));

        assertThat(removal.statusCode()).isEqualTo(403);
        assertThat(removal.body()).contains("You cannot remove yourself");
        assertThat(demotion.statusCode()).isEqualTo(403);
        assertThat(demotion.body()).contains("You cannot lower your own role");
    }

    /** Adds an operator as the configured owner; their generated password. */
    static String addOperator(String email, String role) {
        DashboardClient owner = new DashboardClient();
        owner.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> added = owner.post(
                "/dashboard/operators",
                form(
                        "_csrf",
                        tokenOf(owner.get("/dashboard/operators")),
                        "action",
                        "add",
                        "email",
                        email,
                        "role",
                        role,
                        "password",
                        ""));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        return generatedPasswordOn(added);
    }

    private static String generatedPasswordOn(HttpResponse<String> page) {
        Matcher password = Pattern.compile("id=\"generated-password\">([^<]+)<").matcher(page.body());
        assertThat(password.find()).as("a generated password on " + page.body()).isTrue();
        return password.group(1);
    }

    /** The id of the operator with this email, as the row of the list carries it. */
    private static String operatorIdOf(HttpResponse<String> page, String email) {
        Matcher id = Pattern.compile("data-operator=\"(op_[a-z0-9]+)\">\\s*<td>" + Pattern.quote(email) + "<")
                .matcher(page.body());
        assertThat(id.find()).as("a row of " + email + " on " + page.body()).isTrue();
        return id.group(1);
    }
}
