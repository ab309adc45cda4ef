package io.segmentflow.it;

import static io.segmentflow.it.DashboardClient.ADMIN_EMAIL;
import static io.segmentflow.it.DashboardClient.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing in and out, and the operators page, in a real browser (headless Chromium), as a person uses them. */
class DashboardBrowserIT {
    @BeforeAll
    static void chromium() {
        Browser.assumeInstalled();
    }

    @Test
    void the_sign_in_page_has_a_title_and_labelled_fields() {
        try (Browser browser = Browser.open()) {
            browser.go("/dashboard/sign-in");

            assertThat(browser.title()).isEqualTo("Sign in · Segmentflow");
            assertThat(browser.byLabel("Email address").getAttribute("type")).isEqualTo("email");
            assertThat(browser.byLabel("Password").getAttribute("type")).isEqualTo("password");
            assertThat(browser.screenshot("sign-in")).exists();
        }
    }

    @Test
    void the_configured_operator_signs_in_lands_on_the_page_asked_for_and_signs_out() {
        try (Browser browser = Browser.open()) {
            browser.go("/dashboard/operators");
            assertThat(browser.path()).isEqualTo("/dashboard/sign-in");

            browser.fill("Email address", ADMIN_EMAIL)
                    .fill("Password", ADMIN_PASSWORD)
                    .press("Sign in");

            assertThat(browser.path()).isEqualTo("/dashboard/operators");
            assertThat(browser.title()).isEqualTo("Operators · Segmentflow");
            assertThat(browser.text()).contains(ADMIN_EMAIL).contains("owner");
            browser.press("Sign out");
            assertThat(browser.path()).isEqualTo("/dashboard/sign-in");
            assertThat(browser.text()).contains("You are signed out.");
            browser.go("/dashboard/operators");
            assertThat(browser.path()).isEqualTo("/dashboard/sign-in");
        }
    }

    @Test
    void a_wrong_password_is_refused_in_words_and_the_email_stays_filled_in() {
        try (Browser browser = Browser.open()) {
            browser.go("/dashboard/sign-in");

            browser.fill("Email address", ADMIN_EMAIL)
                    .fill("Password", "not-the-password-at-all")
                    .press("Sign in");

            assertThat(browser.text()).contains("The email address or the password is not right.");
            assertThat(browser.byLabel("Email address").getAttribute("value")).isEqualTo(ADMIN_EMAIL);
            assertThat(browser.byLabel("Password").getAttribute("value")).isEmpty();
        }
    }

    @Test
    void an_owner_adds_an_operator_who_then_signs_in_with_the_password_shown_once() {
        String email = "browser-" + System.nanoTime() + "@example.com";
        String password;
        try (Browser owner = Browser.open()) {
            owner.go("/dashboard/sign-in")
                    .fill("Email address", ADMIN_EMAIL)
                    .fill("Password", ADMIN_PASSWORD)
                    .press("Sign in")
                    .go("/dashboard/operators");

            owner.fill("Email address", email).press("Add operator");

            assertThat(owner.text()).contains(email + " can now sign in, as an operator.");
            password = owner.textOf("generated-password");
            assertThat(owner.byLabel("Role of " + email).getAttribute("value")).isEqualTo("operator");
        }
        try (Browser added = Browser.open()) {
            added.go("/dashboard/sign-in")
                    .fill("Email address", email)
                    .fill("Password", password)
                    .press("Sign in")
                    .go("/dashboard/operators");

            assertThat(added.title()).isEqualTo("Operators · Segmentflow");
            assertThat(added.text()).contains(email).doesNotContain("Add an operator");
        }
    }
}
