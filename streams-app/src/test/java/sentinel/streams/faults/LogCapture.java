package sentinel.streams.faults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects WARN and above from the loggers under a package, so a test can assert what an operator reads. */
final class LogCapture implements AutoCloseable {
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final AbstractAppender appender;
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

  LogCapture(String loggerPrefix) {
    appender = new AbstractAppender("capture-" + loggerPrefix, null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getLoggerName().startsWith(loggerPrefix) && event.getLevel().isMoreSpecificThan(Level.WARN)) {
          messages.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
