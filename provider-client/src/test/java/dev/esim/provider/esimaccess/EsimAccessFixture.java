package dev.esim.provider.esimaccess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Envelopes in the shapes of the eSIM Access API docs (HTTP 200 with success/errorCode/errorMsg/obj). */
final class EsimAccessFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCESS_CODE = "ac_test_1";
    static final String SECRET = "secret_test_1";
    static final String ICCID = "8943108170001086375";
    static final String AC = "LPA:1$rsp-eu.redteamobile.com$0B17DD3670BE448FAD3D51A12F6EDDC6";

    private EsimAccessFixture() {
    }

    static String ok(ObjectNode obj) {
        ObjectNode root = JSON.createObjectNode().put("success", true).put("errorCode", "0");
        root.putNull("errorMsg");
        root.set("obj", obj);
        return root.toString();
    }

    static String failure(String errorCode, String errorMsg) {
        ObjectNode root = JSON.createObjectNode().put("success", false).put("errorCode", errorCode)
                .put("errorMsg", errorMsg);
        root.putNull("obj");
        return root.toString();
    }

    static String orderPlaced(String orderNo) {
        return ok(JSON.createObjectNode().put("orderNo", orderNo));
    }

    static ObjectNode esim(String orderNo, String transactionId, String esimStatus, String smdpStatus) {
        ObjectNode e = JSON.createObjectNode()
                .put("esimTranNo", "24022308264990")
                .put("orderNo", orderNo)
                .put("transactionId", transactionId)
                .put("imsi", "232104070108637")
                .put("iccid", ICCID)
                .put("ac", AC)
                .put("qrCodeUrl", "https://p.qrsim.net/ad2b6c5e.png")
                .put("smdpStatus", smdpStatus)
                .put("eid", "")
                .put("activeType", 2)
                .put("expiredTime", "2024-08-21T08:45:04+0000")
                .put("totalVolume", 1073741824L)
                .put("totalDuration", 7)
                .put("durationUnit", "DAY")
                .put("orderUsage", 268435456L)
                .put("esimStatus", esimStatus);
        e.putNull("activateTime");
        e.putArray("packageList").addObject().put("packageCode", "JP_1_7").put("duration", 7)
                .put("volume", 1073741824L).put("locationCode", "JP");
        return e;
    }

    static String esimList(ObjectNode... esims) {
        ObjectNode obj = JSON.createObjectNode();
        var list = obj.putArray("esimList");
        for (ObjectNode e : esims) {
            list.add(e);
        }
        obj.putObject("pager").put("pageNum", 1).put("pageSize", 50).put("total", esims.length);
        return ok(obj);
    }
}
