package sentinel.hook.operator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sentinel.common.contract.AccountDecision;
import sentinel.hook.config.ConfigOptions;
import sentinel.hook.config.HookSettings;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.metrics.HookMeters;

/** {@code ./sentinel account status|hold|throttle|release|list}: operator decisions on the topic. */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description = "Shows or changes an account's decision on the account-status topic. Operator decisions win over "
        + "the detector's until released or expired.",
    subcommands = {
        AccountCommand.Status.class, AccountCommand.Hold.class, AccountCommand.Throttle.class,
        AccountCommand.Release.class, AccountCommand.ListAll.class})
public final class AccountCommand {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** What every subcommand shares: config, clock and output. */
  abstract static class Base implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Spec CommandSpec spec;
    Clock clock = Clock.systemUTC();

    HookSettings settings() {
      return HookSettings.from(config.load());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    DecisionCache snapshot(HookSettings s) {
      return TopicSnapshot.read(s.kafkaProps(), s.topic(), new HookMeters(new SimpleMeterRegistry()), clock, READ_TIMEOUT);
    }
  }

  /** Subcommands that write one operator decision. */
  abstract static class Writing extends Base {
    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "SASL user (user@domain) or local:<user>@<host>.")
    String account;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (repeatable); shown in logs and status.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--until", paramLabel = "WHEN", description = "Expiry: an instant (2026-01-31T12:00:00Z) or a duration from now (2h, 7d).")
    String until;

    abstract AccountDecision build(OperatorDecisions decisions);

    @Override
    public Integer call() {
      HookSettings s = settings();
      AccountDecision d = build(new OperatorDecisions(clock, s.releaseDefault()).frozen());
      try (DecisionWriter writer = new DecisionWriter(s.kafkaProps(), s.topic())) {
        RecordMetadata m = writer.write(d);
        out().printf("%s: %s%n(written to %s-%d@%d)%n", d.account(), DecisionFormat.line(d, clock.instant()),
            m.topic(), m.partition(), m.offset());
      }
      return 0;
    }
  }

  @Command(name = "hold", mixinStandardHelpOptions = true,
      description = "Holds the account's new mail in the MTA's hold queue until released (or --until).")
  static final class Hold extends Writing {
    @Override
    AccountDecision build(OperatorDecisions decisions) {
      return decisions.hold(account, reasons, decisions.parseUntil(until));
    }
  }

  @Command(name = "throttle", mixinStandardHelpOptions = true,
      description = "Limits the account to --limit recipients per hour; beyond it the MTA answers 4xx (the client retries).")
  static final class Throttle extends Writing {
    @Option(names = "--limit", required = true, paramLabel = "N", description = "Recipients per hour.")
    int limit;

    @Override
    AccountDecision build(OperatorDecisions decisions) {
      return decisions.throttle(account, limit, reasons, decisions.parseUntil(until));
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true,
      description = "Lets the account's mail flow again and keeps detector decisions from applying until --until "
          + "(default hook.release.default.duration, 24h). Held mail stays held: release it with postsuper -H.")
  static final class Release extends Writing {
    @Override
    AccountDecision build(OperatorDecisions decisions) {
      return decisions.release(account, reasons, decisions.parseUntil(until));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Shows the decision in force for ACCOUNT and the operator and detector decisions behind it.")
  static final class Status extends Base {
    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String account;

    @Override
    public Integer call() {
      DecisionCache cache = snapshot(settings());
      out().print(DecisionFormat.status(sentinel.hook.decision.Accounts.normalize(account), cache.stored(account), clock.instant()));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists accounts currently held or throttled, with reasons and age (reads the topic to its end).")
  static final class ListAll extends Base {
    @Override
    public Integer call() {
      DecisionCache cache = snapshot(settings());
      out().print(DecisionFormat.list(cache.underDecision(clock.instant()), clock.instant()));
      return 0;
    }
  }
}
