using Portal.Domain.Auditing;

namespace Portal.Tests.Domain;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AcceptsAChainBuiltByTheRule()
    {
        var chain = BuildChain(5);
        AuditEntry? previous = null;
        foreach (var entry in chain)
        {
            Assert.Null(AuditChain.FindFault(entry, previous));
            previous = entry;
        }
    }

    [Fact]
    public void DetectsAlteredContent()
    {
        var chain = BuildChain(3);
        var altered = Copy(chain[1], details: "nothing happened here");
        Assert.Equal("its content does not match its hash", AuditChain.FindFault(altered, chain[0]));
    }

    [Fact]
    public void DetectsARemovedRow()
    {
        var chain = BuildChain(3);
        Assert.Contains("missing", AuditChain.FindFault(chain[2], chain[0]));
    }

    [Fact]
    public void DetectsARowRehashedWithoutItsPredecessor()
    {
        var chain = BuildChain(3);
        // An attacker rewrites row 2 and recomputes its hash, but row 3 still points at the old hash.
        var forged = Copy(chain[1], details: "forged", rehash: true);
        Assert.Null(AuditChain.FindFault(forged, chain[0]));
        Assert.Equal("its previous-hash does not match the row before it", AuditChain.FindFault(chain[2], forged));
    }

    [Fact]
    public void FieldBoundariesCannotBeShifted()
    {
        var a = AuditChain.ComputeHash(1, Start, "ab", "c", "t", "d", null, AuditChain.GenesisHash);
        var b = AuditChain.ComputeHash(1, Start, "a", "bc", "t", "d", null, AuditChain.GenesisHash);
        Assert.NotEqual(a, b);
    }

    private static List<AuditEntry> BuildChain(int length)
    {
        var chain = new List<AuditEntry>();
        var previousHash = AuditChain.GenesisHash;
        for (var sequence = 1; sequence <= length; sequence++)
        {
            var timestamp = Start.AddMinutes(sequence);
            var hash = AuditChain.ComputeHash(sequence, timestamp, "admin@x", "test.action", $"thing:{sequence}", "details", null, previousHash);
            chain.Add(new AuditEntry
            {
                Sequence = sequence, Timestamp = timestamp, Actor = "admin@x", Action = "test.action",
                Target = $"thing:{sequence}", Details = "details", PreviousHash = previousHash, Hash = hash,
            });
            previousHash = hash;
        }
        return chain;
    }

    private static AuditEntry Copy(AuditEntry entry, string details, bool rehash = false)
    {
        var hash = rehash
            ? AuditChain.ComputeHash(entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target, details, entry.OrganisationId, entry.PreviousHash)
            : entry.Hash;
        return new AuditEntry
        {
            Sequence = entry.Sequence, Timestamp = entry.Timestamp, Actor = entry.Actor, Action = entry.Action,
            Target = entry.Target, Details = details, PreviousHash = entry.PreviousHash, Hash = hash,
        };
    }
}
