using System.Globalization;
using Portal.Domain.Faces;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Face;

/// <summary>Decides whether a face is good enough to index or search with, and says why not.</summary>
internal sealed class QualityAssessor(FaceOptions options)
{
    public FaceQuality Assess(FaceBox box, float score, AlignedFace aligned)
    {
        var issues = new List<QualityIssue>();
        var reasons = new List<string>();
        if (box.ShorterSide < options.MinFaceSize)
        {
            issues.Add(QualityIssue.TooSmall);
            reasons.Add(Format($"too small: the face is {box.ShorterSide:0} px, under the {options.MinFaceSize} px minimum"));
        }
        if (score < options.MinQualityScore)
        {
            issues.Add(QualityIssue.LowDetectionScore);
            reasons.Add(Format($"uncertain detection: score {score:0.00}, under {options.MinQualityScore:0.00}"));
        }
        var yaw = aligned.YawRatio();
        if (Math.Abs(yaw) > options.MaxYawRatio)
        {
            issues.Add(QualityIssue.StrongYaw);
            reasons.Add(Format($"turned too far to the side (yaw ratio {Math.Abs(yaw):0.00}, at most {options.MaxYawRatio:0.00})"));
        }
        var sharpness = aligned.Sharpness();
        if (sharpness < options.MinSharpness)
        {
            issues.Add(QualityIssue.Blurry);
            reasons.Add(Format($"too blurred (sharpness {sharpness:0}, at least {options.MinSharpness:0} needed)"));
        }
        return new FaceQuality(issues, reasons, new QualityMeasures(sharpness, yaw, null));
    }

    /// <summary>The last check, made on a face that passed the others and was embedded.</summary>
    public FaceQuality WithStrength(FaceQuality quality, float strength)
    {
        var measures = quality.Measures with { Strength = strength };
        if (strength >= options.MinFeatureStrength)
            return quality with { Measures = measures };
        return new FaceQuality([.. quality.Issues, QualityIssue.NotFaceLike],
            [.. quality.Reasons, Format($"does not look enough like a face to the recognition model (strength {strength:0.00}, at least {options.MinFeatureStrength:0.00})")],
            measures);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
