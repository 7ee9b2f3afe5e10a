import type { InstallAccessService } from "@peektravel/app-utilities";
import { callPeek } from "./peek-access";
import { peekSdk } from "./sdk";

export interface Activity {
  id: string;
  name: string;
}

/** The bookable activities of an installation, whichever platform serves it (add-ons left out). */
export function listActivities(access: InstallAccessService): Promise<Activity[]> {
  return callPeek(async () => {
    if (access instanceof peekSdk().PeekAccessService) {
      const products = await access.getProductService().getAllProducts();
      return products.filter((p) => p.type !== peekSdk().ADD_ON_PRODUCT_TYPE).map((p) => ({ id: p.productId, name: p.name }));
    }
    const activities = await access.getProductService().getAllActivities();
    return activities.map((a) => ({ id: a.productId, name: a.name }));
  });
}
