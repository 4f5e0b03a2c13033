package dev.goodhart.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Wraps a real data source and records what the reader does to its connection and statement: the auto-commit
 * state when the query runs, the fetch size, the bound parameters, and the auto-commit state it leaves behind.
 */
final class RecordingDataSource {
    final List<Object> parameters = new ArrayList<>();
    Boolean autoCommitAtExecute;
    Integer fetchSize;
    Boolean autoCommitAtClose;
    String preparedSql;

    DataSource wrap(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    private Connection connection(Connection real) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                autoCommitAtClose = real.getAutoCommit();
            }
            Object result = invoke(real, method, args);
            if (method.getName().equals("prepareStatement")) {
                preparedSql = (String) args[0];
                return statement((PreparedStatement) result, real);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private PreparedStatement statement(PreparedStatement real, Connection connection) {
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "setFetchSize" -> fetchSize = (Integer) args[0];
                case "setObject" -> parameters.add(args[1]);
                case "executeQuery" -> autoCommitAtExecute = connection.getAutoCommit();
                default -> { }
            }
            return invoke(real, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
