package sentinel.hook;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sentinel.hook.bench.PolicyBench;
import sentinel.hook.config.ConfigOptions;
import sentinel.hook.config.HookSettings;

/** {@code ./sentinel hook}: runs the policy service until Ctrl-C. */
@Command(
    name = "hook",
    mixinStandardHelpOptions = true,
    description = "Answers Postfix policy delegation (default 127.0.0.1:10040) and Exim readsocket queries "
        + "(127.0.0.1:10041) from the decisions on the account-status topic.",
    subcommands = PolicyBench.class)
public final class HookCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(HookCommand.class);

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    HookSettings settings = HookSettings.from(config.load());
    CountDownLatch stopped = new CountDownLatch(1);
    HookService hook = HookService.start(settings, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      hook.close();
      stopped.countDown();
    }, "hook-shutdown"));
    if (!hook.feed().awaitCaughtUp(settings.feedMaxAge())) {
      LOG.warn("Decision feed not caught up after {}; answering {} until it is", settings.feedMaxAge(),
          settings.failClosed() ? "DEFER (fail-closed)" : "DUNNO (fail-open)");
    }
    stopped.await();
    return 0;
  }
}
