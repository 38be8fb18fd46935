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
  /** The command line with its error handling: a failure prints one line, not a stack trace. */
  public static CommandLine commandLine() {
    return new CommandLine(new HookMain()).setExecutionExceptionHandler((e, cli, parsed) -> {
      cli.getErr().println("error: " + e.getMessage());
      return 1;
    });
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
