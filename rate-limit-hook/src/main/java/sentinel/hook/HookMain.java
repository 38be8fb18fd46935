package sentinel.hook;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import sentinel.hook.operator.AccountCommand;

/** Entry point of the rate-limit-hook module: {@code hook} runs the service, {@code account} manages decisions. */
@Command(
    name = "sentinel",
    mixinStandardHelpOptions = true,
    description = "Outbound Sentinel enforcement at the MTA.",
    subcommands = {HookCommand.class, AccountCommand.class})
public final class HookMain {
  public static void main(String[] args) {
    System.exit(new CommandLine(new HookMain()).execute(args));
  }
}
