using Portal.Domain.Retention;

namespace Portal.Tests.Domain;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ClockEvent.CaseClosed, 30)]
    [InlineData(ClockEvent.LastInteraction, 1095)]
    [InlineData(ClockEvent.Uploaded, 1095)]
    [InlineData(ClockEvent.Decided, 1095)]
    [InlineData(ClockEvent.Downloaded, 0)]
    [InlineData(ClockEvent.Written, 2555)]
    [InlineData(ClockEvent.AccountRemoved, 90)]
    [InlineData(ClockEvent.MovedToTrash, 7)]
    [InlineData(ClockEvent.BackupTaken, 35)]
    public void EachClockIsDueItsPeriodInWholeDaysAfterItStarted(ClockEvent clock, int days)
    {
        Assert.True(Enum.IsDefined(clock));

        var due = RetentionPolicy.DueAt(Start, days);

        Assert.Equal(Start + TimeSpan.FromDays(days), due);
        Assert.Equal(Start.TimeOfDay, due.TimeOfDay);
    }

    [Fact]
    public void AnOrganisationMayKeepDataForLessThanThePlatformMaximum()
    {
        Assert.Null(RetentionPolicy.OverrideProblem(14, 30, "the platform's maximum"));
        Assert.Null(RetentionPolicy.OverrideProblem(30, 30, "the platform's maximum"));
    }

    [Fact]
    public void AnOrganisationMayNeverKeepDataLongerThanThePlatformMaximum()
    {
        var problem = RetentionPolicy.OverrideProblem(31, 30, "the platform's maximum");

        Assert.Equal("A period may be shorter than the platform's maximum (30 days), never longer.", problem);
    }

    [Fact]
    public void ACaseOrGalleryShorterThanItsOrganisationIsAcceptedAndLongerRefused()
    {
        var organisation = RetentionPolicy.EffectiveDays(1095, 365);

        Assert.Null(RetentionPolicy.OverrideProblem(100, organisation, "your organisation's period"));
        Assert.NotNull(RetentionPolicy.OverrideProblem(366, organisation, "your organisation's period"));
    }

    [Fact]
    public void ANegativePeriodIsRefusedAndClearingAnOverrideIsAlwaysAllowed()
    {
        Assert.NotNull(RetentionPolicy.OverrideProblem(-1, 30, "the platform's maximum"));
        Assert.Null(RetentionPolicy.OverrideProblem(null, 0, "the platform's maximum"));
    }

    [Theory]
    [InlineData(1095, null, null, 1095)]
    [InlineData(1095, 365, null, 365)]
    [InlineData(1095, 365, 30, 30)]
    [InlineData(1095, null, 60, 60)]
    [InlineData(20, 365, 30, 20)] // the platform shortened below both overrides: the minimum still applies
    public void TheShortestOfTheThreeLevelsApplies(int platform, int? organisation, int? own, int expected)
    {
        Assert.Equal(expected, RetentionPolicy.EffectiveDays(platform, organisation, own));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(RetentionPolicy.MaxDays + 1)]
    public void ThePlatformMaximumStaysWithinARange(int days)
    {
        Assert.NotNull(RetentionPolicy.PlatformProblem(DataKind.AuditEntries, days));
    }

    [Theory]
    [InlineData(DataKind.ProbePhotos)]
    [InlineData(DataKind.OpenCaseInactivity)]
    [InlineData(DataKind.GalleryPhotos)]
    [InlineData(DataKind.Trash)]
    [InlineData(DataKind.Backups)]
    public void DataHoldingFacesIsNeverKeptPastThreeYears(DataKind kind)
    {
        Assert.Null(RetentionPolicy.PlatformProblem(kind, 1095));
        Assert.Contains("at most 1095 days", RetentionPolicy.PlatformProblem(kind, 1096));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(364)]
    public void AuditEntriesAreKeptAtLeastAYear(int days)
    {
        Assert.Contains("at least 365 days", RetentionPolicy.PlatformProblem(DataKind.AuditEntries, days));
        Assert.Null(RetentionPolicy.PlatformProblem(DataKind.CaseRecords, days));
    }

    [Theory]
    [InlineData(DataKind.AuditEntries)]
    [InlineData(DataKind.CaseRecords)]
    [InlineData(DataKind.CandidatesAndDecisions)]
    public void RecordsWithoutFacesMayBeKeptLonger(DataKind kind)
    {
        Assert.Null(RetentionPolicy.PlatformProblem(kind, 2555));
    }

    [Theory]
    [InlineData(0, "not kept")]
    [InlineData(1, "1 day")]
    [InlineData(30, "30 days")]
    [InlineData(365, "1 year")]
    [InlineData(1095, "3 years")]
    [InlineData(2555, "7 years")]
    public void PeriodsReadAsThePublicScheduleShowsThem(int days, string expected)
    {
        Assert.Equal(expected, RetentionLabels.Period(days));
    }
}
