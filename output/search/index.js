newsroomSearch.put("index",{"documents":1,"format":1,"keys":["about"],"languages":["en"],"words":["about"]});
