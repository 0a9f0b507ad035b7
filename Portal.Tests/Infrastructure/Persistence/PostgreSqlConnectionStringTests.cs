using Npgsql;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>The portal reads with a 64 KB buffer unless the operator chose one; everything else in the string is kept.</summary>
public sealed class PostgreSqlConnectionStringTests
{
    [Fact]
    public void WithoutAChoiceTheReadBufferIsSixtyFourKilobytesAndTheRestIsKept()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.WithDefaults("Host=db.example;Database=portal;Username=portal;Timeout=7"));

        Assert.Equal(65536, result.ReadBufferSize);
        Assert.Equal(("db.example", "portal", "portal", 7), (result.Host, result.Database, result.Username, result.Timeout));
    }

    [Theory]
    [InlineData("Host=db;Read Buffer Size=16384")]
    [InlineData("Host=db;ReadBufferSize=16384")]
    public void AnOperatorsOwnReadBufferIsKept(string connectionString)
    {
        var result = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.WithDefaults(connectionString));

        Assert.Equal(16384, result.ReadBufferSize);
    }
}
