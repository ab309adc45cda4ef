package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.DashboardClient.ADMIN_EMAIL;
import static io.segmentflow.it.DashboardClient.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.Recipient;
import io.segmentflow.it.client.model.SendEmailRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium, scripts on): a Broadcast confirmed on its page and followed to
 * the end, its link then refused, a send found with its attempts, the overview's plots drawn. The screenshots of the
 * README's tour are taken here, into {@code docs/dashboard} ({@link Browser#SCREENSHOTS}).
 */
class DashboardConfirmationIT {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Client api = Client.withBootstrapKey();
    private static Browser chromium;
    private static WebDriver browser;

    @BeforeAll
    static void openTheBrowserAndSignIn() {
        SmtpServer.get();
        chromium = Browser.open();
        browser = chromium.driver();
        chromium.go("/dashboard");
        assertThat(chromium.path()).isEqualTo("/dashboard/sign-in");
        chromium.fill("Email address", ADMIN_EMAIL)
                .fill("Password", ADMIN_PASSWORD)
                .press("Sign in");
        assertThat(chromium.path()).isEqualTo("/dashboard");
    }

    @AfterAll
    static void closeTheBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, DELIVERY);
    }

    @Test
    void a_broadcast_is_confirmed_in_the_browser_and_its_progress_followed_to_what_the_relay_received() {
        List<String> subscribers = DashboardPagesIT.recipients(20);
        DashboardPagesIT.Handover handover = DashboardPagesIT.handedOver(api, subscribers, Api.newRecipient());

        browser.get(Api.BASE_URL + handover.path());

        assertThat(browser.getTitle()).startsWith("Confirm Broadcast Dashboard sale");
        assertThat(count("eligible")).isEqualTo("20");
        assertThat(count("unsubscribed")).isEqualTo("1");
        assertThat(browser.findElement(By.id("sender-ready")).getText()).isEqualTo("ready to send.");
        WebElement frame = browser.findElement(By.cssSelector("iframe.preview"));
        assertThat(frame.getAttribute("sandbox")).isEmpty();
        browser.switchTo().frame(frame);
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Half price.");
        browser.switchTo().defaultContent();
        // the email's script did not run: it would have renamed the page it ran in
        assertThat(browser.getTitle()).startsWith("Confirm Broadcast");
        screenshot("confirmation", new Dimension(1280, 1500));

        browser.findElement(By.id("send-now")).click();

        waitFor().until(ExpectedConditions.urlMatches(".*/dashboard/broadcasts/" + handover.broadcastId() + "$"));
        waitFor().until(ExpectedConditions.attributeToBe(By.id("progress"), "data-done", "true"));
        waitFor().until(ExpectedConditions.attributeToBe(By.id("plot-progress"), "data-drawn", "true"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("sent");
        // The audience is every Profile of the workspace: those of other tests never subscribed to this group.
        assertThat(count("sent")).isEqualTo("20");
        assertThat(count("failed")).isEqualTo("0");
        assertThat(count("queued")).isEqualTo("0");
        assertThat(Long.parseLong(count("written"))).isEqualTo(20 + Long.parseLong(count("skipped")));
        assertThat(browser.findElement(By.id("progress-state")).getText())
                .isEqualTo("Done: 20 sent, 0 failed, " + count("skipped") + " skipped of " + count("written")
                        + " recipients written.");
        assertThat(browser.findElements(By.cssSelector("#plot-progress svg"))).isNotEmpty();
        long received = subscribers.stream()
                .mapToLong(s -> SmtpServer.messagesTo(s).size())
                .sum();
        assertThat(received).isEqualTo(Long.parseLong(count("sent")));
        screenshot("progress", new Dimension(1280, 1100));

        browser.get(Api.BASE_URL + handover.path());
        assertThat(browser.findElement(By.cssSelector("main [role=alert]")).getText())
                .isEqualTo("This confirmation link was already used. Nothing was sent.");
        assertThat(browser.findElements(By.id("send-now"))).isEmpty();
        assertThat(call(() -> api.broadcasts.broadcastsGet(handover.broadcastId()))
                        .getStatus())
                .isEqualTo(CarrierStatus.SENT);
    }

    @Test
    void a_send_is_found_by_its_recipient_and_shows_its_attempts() {
        String recipient = Api.newRecipient();
        String templateId = api.createTemplate("Receipt", "<p>Thanks</p>", null);
        String sendId = call(() -> api.emails.emailsSend(
                        Api.newIdempotencyKey(),
                        new SendEmailRequest().templateId(templateId).to(new Recipient().email(recipient))))
                .getId();
        api.awaitFinal(sendId, DELIVERY);

        browser.get(Api.BASE_URL + "/dashboard/sends");
        chromium.fill("Recipient address", recipient).press("Find");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("found")));
        browser.findElement(By.linkText(sendId)).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("attempts")));
        assertThat(browser.findElement(By.id("send-status")).getText()).isEqualTo("sent");
        List<WebElement> cells = browser.findElements(By.cssSelector("#attempts tbody tr td"));
        assertThat(cells.get(1).getText()).isEqualTo("accepted");
        assertThat(cells.get(2).getText()).startsWith("250");
    }

    @Test
    void the_overview_draws_its_plots_from_the_numbers_it_also_lists() {
        browser.get(Api.BASE_URL + "/dashboard");

        waitFor().until(ExpectedConditions.attributeToBe(By.id("plot-last-hour"), "data-drawn", "true"));
        waitFor().until(ExpectedConditions.attributeToBe(By.id("plot-last-day"), "data-drawn", "true"));
        assertThat(browser.findElements(By.cssSelector("#plot-last-hour svg path")))
                .isNotEmpty();
        assertThat(browser.findElement(By.id("totals-last-hour")).getText()).startsWith("Last hour");
        assertThat(browser.getTitle()).isEqualTo("Overview · Segmentflow");
        screenshot("overview", new Dimension(1280, 1600));
    }

    private static String count(String name) {
        return browser.findElement(By.cssSelector("[data-count=\"" + name + "\"]"))
                .getText();
    }

    /** Saves the page as it is now, at {@code size}, for the README's tour. */
    private static void screenshot(String name, Dimension size) {
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(size);
        try {
            assertThat(chromium.screenshot(name)).exists();
        } finally {
            browser.manage().window().setSize(before);
        }
    }
}
