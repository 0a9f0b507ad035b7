using Portal.Domain.Cases;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Review;

/// <summary>Issue 13, confusions 7 and 8: the leads export names purpose, band and decision as the screens do.</summary>
public sealed class LeadsCsvLabelTests
{
    [Fact]
    public void TheExportNamesPurposeBandAndDecisionInWords()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var decisions = new List<DecisionView>
        {
            new("Ada Reviewer", ReviewVerdict.Confirm, ReviewStage.First, true, "same scar", at),
            new("Ben Reviewer", ReviewVerdict.Confirm, ReviewStage.Second, true, "same ears", at.AddMinutes(5)),
        };
        var export = new LeadsExport("MC-1", Purpose.DisasterReunification, 0.7f,
            [new ConfirmedLead("probe.jpg", 0, 1, 0.93f, CandidateBand.Strong, "Intake", "face.jpg", at.AddMinutes(5), decisions)]);

        var csv = LeadsExporter.ToCsv(export);

        Assert.Contains("purpose,Reuniting families after disasters,", csv);
        Assert.Contains(",Strong,", csv);
        Assert.Contains(",Ben Reviewer,Confirmed,same ears,", csv);
        Assert.DoesNotContain("DisasterReunification", csv);
        Assert.Empty(RawEnumNames.In(csv));
    }
}
