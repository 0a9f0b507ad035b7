using System.Security.Claims;
using Portal.Infrastructure.Cases;
using Portal.Web.Authorization;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// Face crops for result and review pages. Served only to the organisation they belong to, never cached,
/// never sniffed; another organisation's id is "not found", and a blocked organisation is refused.
/// </summary>
internal static class MediaEndpoints
{
    public static void MapPortalMedia(this WebApplication app)
    {
        var media = app.MapGroup("/media").RequireAuthorization(Policies.PartnerMember);
        media.MapGet("/probe-faces/{id:guid}", (Guid id, ClaimsPrincipal user, FaceCrops crops, HttpContext context) =>
            ServeAsync(crops.ProbeFaceAsync(user.ToActor(), id, context.RequestAborted), context));
        media.MapGet("/faces/{id:guid}", (Guid id, ClaimsPrincipal user, FaceCrops crops, HttpContext context) =>
            ServeAsync(crops.GalleryFaceAsync(user.ToActor(), id, context.RequestAborted), context));
    }

    private static async Task<IResult> ServeAsync(Task<(byte[]? Jpeg, CropRefusal? Refusal)> crop, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var (jpeg, refusal) = await crop;
        return refusal switch
        {
            CropRefusal.NotFound => Results.NotFound(),
            CropRefusal.Blocked => Results.StatusCode(StatusCodes.Status403Forbidden),
            _ => Results.File(jpeg!, "image/jpeg"),
        };
    }
}
